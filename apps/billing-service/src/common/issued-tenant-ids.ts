const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Events may carry tenant ids billing never issued (not even UUIDs): such tenants have no rows keyed by a uuid
 * column, and leaving them out lets those queries compare uuids and use their indexes.
 */
export function issuedTenantIds(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id) => UUID.test(id)))];
}
