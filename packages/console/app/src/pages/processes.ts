// Processes: each registered process and version with its diagram, states, events and roles,
// and its statutory parameters with their articles.
import { html, nothing, type TemplateResult } from 'lit-html'
import { diagram } from '../diagram.js'
import { label, t } from '../i18n.js'
import { getCatalog, roleName } from '../labels.js'
import type { PageContext } from '../main.js'
import { hashHref } from './util.js'

export function processesPage(ctx: PageContext): TemplateResult {
  const all = getCatalog().processes
  const chosen =
    all.find((p) => p.id === ctx.params.get('id') && String(p.version) === ctx.params.get('version')) ?? all[0]
  return html`<h1>${t('processes')}</h1>
    <ul class="process-list">
      ${all.map(
        (p) =>
          html`<li>
            <a
              href=${hashHref('processes', { id: p.id, version: String(p.version) })}
              class=${p === chosen ? 'active' : ''}
              data-process=${p.id}
              >${label(p.label, p.id)} <small>v${p.version}</small></a
            >
          </li>`,
      )}
    </ul>
    ${
      chosen === undefined
        ? nothing
        : html`<h2>${label(chosen.label, chosen.id)} · <code>${chosen.id}</code> v${chosen.version}</h2>
            ${diagram(chosen.id, chosen.version)}
            <div class="columns">
              <section>
                <h3>${t('events')}</h3>
                <table>
                  <tr>
                    <th>${t('name')}</th>
                    <th>${t('event')}</th>
                    <th>${t('roles')}</th>
                  </tr>
                  ${chosen.events.map(
                    (e) =>
                      html`<tr>
                        <td>${label(e.label, e.type)}</td>
                        <td><code>${e.type}</code></td>
                        <td>${e.system ? '—' : e.roles.map(roleName).join('、')}</td>
                      </tr>`,
                  )}
                </table>
              </section>
              <section>
                <h3>${t('roles')}</h3>
                <ul>
                  ${chosen.roles.map((r) => html`<li>${roleName(r)} <code>${r}</code></li>`)}
                </ul>
                <h3>${t('states')}</h3>
                <table>
                  ${chosen.states
                    .filter((s) => s.label !== null)
                    .map(
                      (s) =>
                        html`<tr>
                          <td>${label(s.label, s.path)}</td>
                          <td><code>${s.path}</code></td>
                          <td>${s.taskRole === null ? '' : roleName(s.taskRole)}</td>
                        </tr>`,
                    )}
                </table>
              </section>
            </div>
            <section>
              <h3>${t('parameters')}</h3>
              ${
                chosen.parameters.length === 0
                  ? html`<p>${t('none')}</p>`
                  : html`<table class="parameters">
                      <tr>
                        <th>${t('name')}</th>
                        <th>${t('value')}</th>
                        <th>${t('article')}</th>
                        <th>${t('description')}</th>
                      </tr>
                      ${chosen.parameters.map(
                        (p) =>
                          html`<tr>
                            <td><code>${p.name}</code></td>
                            <td>${p.value}${p.unit === undefined ? '' : ` ${p.unit}`}</td>
                            <td>${p.article}</td>
                            <td>${label(p.description, '')}</td>
                          </tr>`,
                      )}
                    </table>`
              }
            </section>`
    }`
}
