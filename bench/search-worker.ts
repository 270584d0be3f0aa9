/** Worker for bench/search.ts: computes index fields (jieba, folding, pinyin) off the main thread. */
import { parentPort } from 'node:worker_threads';
import { documentFields, type DocumentText } from '../src/features/search/search.js';

parentPort!.on('message', (msg: { id: number; docs: DocumentText[] }) => {
  parentPort!.postMessage({ id: msg.id, fields: msg.docs.map((d) => documentFields(d)) });
});
