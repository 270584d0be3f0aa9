import { sql, type Kysely } from 'kysely';
import { isPostgres } from './_helpers.js';

/*
 * Public lists filter by the category and topic of the *published* revision, which
 * lives in publication_revisions. Joining every candidate row to its revision made
 * counts and deep pages cost 60–350 ms at 100,000 items (bench/catalog.ts). The two
 * values are copied onto the publication, kept right by the database itself whenever
 * current_revision_id is set (revisions never change once written), and covered by
 * an index ordered like the lists, so counts and pages read the index alone.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('publications').addColumn('public_category', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('publications').addColumn('public_topic', 'text', (c) => c.notNull().defaultTo('')).execute();
  await sql`UPDATE publications SET
      public_category = coalesce((SELECT r.category FROM publication_revisions r WHERE r.id = publications.current_revision_id), ''),
      public_topic = coalesce((SELECT r.topic FROM publication_revisions r WHERE r.id = publications.current_revision_id), '')
    WHERE current_revision_id IS NOT NULL`.execute(db);

  // Either side may be written first (the service writes the revision, then points the
  // item at it; bulk loads may do the reverse), so both sides keep the copy right.
  await db.schema.createIndex('publications_current_revision').on('publications').column('current_revision_id').execute();
  if (isPostgres(db)) {
    await sql`CREATE FUNCTION publications_public_listing() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE rev RECORD;
      BEGIN
        IF NEW.current_revision_id IS NOT NULL THEN
          SELECT r.category, r.topic INTO rev FROM publication_revisions r WHERE r.id = NEW.current_revision_id;
          IF FOUND THEN
            NEW.public_category := rev.category;
            NEW.public_topic := rev.topic;
          END IF;
        END IF;
        RETURN NEW;
      END $$`.execute(db);
    await sql`CREATE TRIGGER publications_public_listing BEFORE INSERT OR UPDATE OF current_revision_id ON publications
      FOR EACH ROW EXECUTE FUNCTION publications_public_listing()`.execute(db);
    await sql`CREATE FUNCTION publication_revisions_public_listing() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE publications SET public_category = NEW.category, public_topic = NEW.topic
          WHERE current_revision_id = NEW.id;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER publication_revisions_public_listing AFTER INSERT ON publication_revisions
      FOR EACH ROW EXECUTE FUNCTION publication_revisions_public_listing()`.execute(db);
  } else {
    for (const event of ['INSERT', 'UPDATE OF current_revision_id']) {
      const name = event === 'INSERT' ? 'publications_public_listing_insert' : 'publications_public_listing_update';
      await sql
        .raw(
          `CREATE TRIGGER ${name} AFTER ${event} ON publications
           FOR EACH ROW WHEN NEW.current_revision_id IS NOT NULL
             AND EXISTS (SELECT 1 FROM publication_revisions WHERE id = NEW.current_revision_id)
           BEGIN
             UPDATE publications SET
               public_category = (SELECT category FROM publication_revisions WHERE id = NEW.current_revision_id),
               public_topic = (SELECT topic FROM publication_revisions WHERE id = NEW.current_revision_id)
             WHERE id = NEW.id;
           END`,
        )
        .execute(db);
    }
    await sql`CREATE TRIGGER publication_revisions_public_listing AFTER INSERT ON publication_revisions
      FOR EACH ROW BEGIN
        UPDATE publications SET public_category = NEW.category, public_topic = NEW.topic
          WHERE current_revision_id = NEW.id;
      END`.execute(db);
  }

  // The date order needs id right after the date, or SQLite sorts again and reads the wide rows.
  await db.schema.dropIndex('publications_agency_public').execute();
  await db.schema
    .createIndex('publications_agency_public')
    .on('publications')
    .columns(['agency_id', 'public_status', 'first_published_at', 'id', 'public_category', 'public_topic', 'validity'])
    .execute();
  await db.schema.dropIndex('publications_public').execute();
  await db.schema.createIndex('publications_public').on('publications').columns(['public_status', 'first_published_at', 'id', 'public_category', 'public_topic', 'validity']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP TRIGGER IF EXISTS publications_public_listing ON publications`.execute(db);
    await sql`DROP FUNCTION IF EXISTS publications_public_listing()`.execute(db);
    await sql`DROP TRIGGER IF EXISTS publication_revisions_public_listing ON publication_revisions`.execute(db);
    await sql`DROP FUNCTION IF EXISTS publication_revisions_public_listing()`.execute(db);
  } else {
    await sql`DROP TRIGGER IF EXISTS publications_public_listing_insert`.execute(db);
    await sql`DROP TRIGGER IF EXISTS publications_public_listing_update`.execute(db);
    await sql`DROP TRIGGER IF EXISTS publication_revisions_public_listing`.execute(db);
  }
  await db.schema.dropIndex('publications_current_revision').execute();
  await db.schema.dropIndex('publications_agency_public').execute();
  await db.schema.createIndex('publications_agency_public').on('publications').columns(['agency_id', 'public_status', 'first_published_at']).execute();
  await db.schema.dropIndex('publications_public').execute();
  await db.schema.createIndex('publications_public').on('publications').columns(['public_status', 'first_published_at']).execute();
  await db.schema.alterTable('publications').dropColumn('public_topic').execute();
  await db.schema.alterTable('publications').dropColumn('public_category').execute();
}
