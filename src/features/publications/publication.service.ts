/**
 * Publications' use cases, one module per section; this module is their one
 * entry point for routes, other features and tests.
 */
export * from './publication.read.js';
export * from './publication.drafting.js';
export * from './publication.screening.js';
export * from './publication.transitions.js';
export * from './publication.queues.js';
export * from './publication.settings.js';
export * from './publication.recording.js';
