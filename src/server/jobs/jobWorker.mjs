// Worker entry: worker threads do not inherit the parent's tsx loader, so register it here
// (resolved from this file, so it works under vitest, bin/parley and plain `node --import tsx`).
import { register } from 'tsx/esm/api';

register();
await import('./jobWorker.ts');
