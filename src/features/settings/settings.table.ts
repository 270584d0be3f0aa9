/** One platform-wide setting: a key of SETTINGS (settings.ts) and its value. */
export interface SettingsTable {
  key: string;
  value: string;
  updatedAt: string;
}

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface SettingsTables {
  settings: SettingsTable;
}
