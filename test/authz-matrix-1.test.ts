// Part 1 of the authorization matrix (test/authz-matrix.ts, docs/decisions/0018): every other route.
import { matrixSuite } from './authz-matrix.js';

matrixSuite(1, 2);
