import type { Feature } from '../../platform/feature.js';
import { publicationDeadlineSource } from './publication.clock.js';
import { listOwingPublication } from './publication.repository.js';

/** Proactive disclosure: drafting, review, publishing, the Art. 26 clock. */
export const publicationsFeature: Feature = {
  key: 'publications',
  label: '主动公开',
  deadlineSources: [publicationDeadlineSource(listOwingPublication)],
};
