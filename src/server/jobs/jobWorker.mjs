// Worker entry. In the built package the compiled module sits beside this file. In a checkout only
// the TypeScript source does, and worker threads do not inherit the parent's tsx loader (under
// vitest there is none), so tsx is registered here first, resolved from this file.
import { existsSync } from 'node:fs';

const compiled = new URL('./jobWorker.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./jobWorker.ts');
}
