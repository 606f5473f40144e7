// The least data a trained model needs: under it, training records a version that is not promoted
// ("not enough data") and popularity (or the version serving now) keeps serving. A model fitted
// on a handful of events is noise, and an empty one would replace popular items with nothing.
export const MIN_TRAINING_EVENTS = 100;
export const MIN_TRAINING_USERS = 10;

/** Why the data is too little to train on, or null when it is enough. */
export function notEnoughData(events: number, users: number): string | null {
  if (events >= MIN_TRAINING_EVENTS && users >= MIN_TRAINING_USERS) return null;
  return `not enough data: ${events} events from ${users} users; training needs at least ${MIN_TRAINING_EVENTS} events from ${MIN_TRAINING_USERS} users`;
}
