/**
 * The feature registry: every feature of the platform, one line each. The
 * composition root (src/platform/open.ts, used by the app, the CLI and the tests)
 * builds the registry from this list; nothing else imports it.
 */
import type { Feature } from '../platform/feature.js';
import { publicationsFeature } from './publications/publication.feature.js';

export const FEATURES: readonly Feature[] = [publicationsFeature];
