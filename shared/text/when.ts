// One way to write a moment for people, in the CLI, the app and the warnings alike.

/**
 * A moment from the engine or SES (ISO 8601) as "2025-05-14 09:30 UTC". A moment with a
 * zone offset is converted to UTC first (a plain cut of the text would print its local
 * time as UTC); text that is not a date is returned as it is.
 */
export function formatWhen(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
