/** ISO-8601 in UTC with microseconds and `Z`, as DRF renders datetimes. */
export function formatDate(date: Date | null | undefined): string | null {
  if (!date) {
    return null;
  }
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
