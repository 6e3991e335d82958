import { openZohoMysql, ZOHO_MYSQL_FORM } from './zoho-mysql-source.js';
import { openZohoSqlite, ZOHO_SQLITE_FORM } from './zoho-sqlite-source.js';
import type { ZohoTableSource } from './zoho-table.js';

export type { ZohoTableSource } from './zoho-table.js';

/** The URL forms of the Zoho SDK stores `migrate` reads from (never writes to). */
export const ZOHO_SOURCE_FORMS = [ZOHO_SQLITE_FORM, ZOHO_MYSQL_FORM] as const;

/** True when `url` names a Zoho SDK store rather than a tokenstore store. */
export function isZohoSource(url: string): boolean {
  return /^zoho-(sqlite|mysql):/i.test(url);
}

/** Opens a Zoho SDK store for reading. */
export function openZohoSource(url: string): Promise<ZohoTableSource> {
  return /^zoho-sqlite:/i.test(url) ? openZohoSqlite(url) : openZohoMysql(url);
}
