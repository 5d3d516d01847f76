/**
 * Process ids of the mediation plugin.
 *
 * @module
 */

/** Process id of people's mediation. Other packages (e.g. petition) start it as a linked case under this id. */
export const PEOPLES_MEDIATION = 'mediation'
/** Process id of police mediation (ZA Art. 9). */
export const POLICE_MEDIATION = 'policeMediation'
/** Process id of court mediation (MS Arts. 96–102, 125–126). */
export const COURT_MEDIATION = 'courtMediation'
