// A one-line progress bar on stderr (drawn only when stderr is a terminal).
export interface Progress {
  tick(label?: string): void
  done(): void
}

/**
 * @param total - number of steps
 * @param title - shown before the bar
 * @returns a progress bar
 */
export function progress(total: number, title: string): Progress {
  let n = 0
  const tty = process.stderr.isTTY === true
  const started = performance.now()
  const draw = (label: string) => {
    const w = 30
    const filled = Math.round((n / Math.max(total, 1)) * w)
    const secs = ((performance.now() - started) / 1000).toFixed(1)
    process.stderr.write(
      `\r\x1b[2K${title} [${'█'.repeat(filled)}${'░'.repeat(w - filled)}] ${n}/${total} ${label} ${secs} s`,
    )
  }
  if (tty) draw('')
  return {
    tick(label = '') {
      n++
      if (tty) draw(label)
    },
    done() {
      if (tty) process.stderr.write('\n')
    },
  }
}
