import type { Generated, Selectable } from 'kysely';

/**
 * An item of an agency's price or fee list. The item row holds what does not
 * change between versions (the list, the name) and where the item stands; what
 * it says lives in its versions, one row per change, never rewritten.
 */
export interface FeeItemTable {
  id: Generated<number>;
  agencyId: number;
  /** A key of FEE_LISTS. */
  list: string;
  name: string;
  /** The name as compared for duplicates (nameKey); null once an item's first change was cancelled, freeing the name. */
  nameKey: string | null;
  /** The status of the latest published version, or '' while none is published. */
  status: Generated<string>;
  /** The latest published version's number (0: none yet). */
  publishedVersion: Generated<number>;
  sortOrder: Generated<number>;
  createdAt: string;
  updatedAt: string;
  /** Optimistic lock: every proposal and every publication moves it on. */
  version: Generated<number>;
}

/** A change of an item: a proposal until its announcement is published, then a version. */
export interface FeeChangeTable {
  id: Generated<number>;
  itemId: number;
  agencyId: number;
  /** A key of FEE_CHANGE_KINDS. */
  kind: string;
  /** A key of FEE_CHANGE_STATES. */
  state: string;
  /** Given when published: 1, 2, … per item. */
  versionNo: number | null;
  /** The item's status after this change. */
  status: string;
  name: string;
  /** JSON array of {title, number, url}. */
  basis: string;
  standard: string;
  amount: string | null;
  amountUnit: Generated<string>;
  collectingUnit: string;
  validFrom: string;
  validTo: string | null;
  notes: Generated<string>;
  reason: string;
  writtenDate: string;
  effectiveDate: string;
  /** The announcement (an Art. 20(八) publication) this change is published as. */
  publicationId: number | null;
  createdAt: string;
  createdByName: Generated<string>;
  publishedAt: string | null;
}

export type FeeItemRow = Selectable<FeeItemTable>;
export type FeeChangeRow = Selectable<FeeChangeTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface FeeTables {
  feeItems: FeeItemTable;
  feeChanges: FeeChangeTable;
}
