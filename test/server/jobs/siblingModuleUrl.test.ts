import { describe, expect, it } from 'vitest';
import { siblingModuleUrl } from '../../../src/server/jobs/siblingModuleUrl.ts';

describe('siblingModuleUrl', () => {
  it('names the TypeScript source when the caller runs from source', () => {
    expect(siblingModuleUrl('./runner.ts', 'file:///repo/src/server/jobs/WorkerJobRunner.ts')).toBe(
      'file:///repo/src/server/jobs/runner.ts',
    );
  });

  it('names the compiled file when the caller runs from the built package', () => {
    expect(
      siblingModuleUrl(
        './runner.ts',
        'file:///app/node_modules/parley/dist/src/server/jobs/WorkerJobRunner.js',
      ),
    ).toBe('file:///app/node_modules/parley/dist/src/server/jobs/runner.js');
  });

  it('leaves a directory named like a source file alone', () => {
    expect(siblingModuleUrl('../x.ts/runner.ts', 'file:///a/b/c.js')).toBe('file:///a/x.ts/runner.js');
  });
});
