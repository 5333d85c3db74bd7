/**
 * The URL of a module beside `base` (an `import.meta.url`), named by its TypeScript source file.
 * tsc rewrites the `.ts` of import specifiers but not of URLs built at run time, so a module that
 * hands another module's URL to a worker calls this: from a checkout (tsx, vitest) the caller is
 * itself `.ts` and gets the source; from the built package it is `.js` and gets the compiled file.
 */
export function siblingModuleUrl(source: string, base: string): string {
  return new URL(base.endsWith('.ts') ? source : source.replace(/\.ts$/, '.js'), base).href;
}
