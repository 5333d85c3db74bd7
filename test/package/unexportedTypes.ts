import { resolve } from 'node:path';
import ts from 'typescript';

/** A type named in a public signature that no entry point of the package exports. */
export interface UnexportedType {
  /** The type's name, as declared. */
  name: string;
  /** The declaration file it lives in, relative to the package root. */
  declaredIn: string;
  /** How it is reached: entry point, then the chain of exported and named types leading to it. */
  via: string[];
}

/**
 * Every type that a declaration of the package mentions, reachable from the exports of its entry
 * points, that none of those entry points exports: a user who meets such a type (as a parameter,
 * a property, a return value) cannot name it without a deep import. Works on the built
 * declarations, where inferred types have been written out.
 *
 * @param packageRoot - directory holding the package.json
 * @param entries - subpath ('.', './server', ...) to declaration file, as the exports map says
 */
export function unexportedTypes(
  packageRoot: string,
  entries: Readonly<Record<string, string>>,
): UnexportedType[] {
  const files = Object.values(entries).map((file) => resolve(packageRoot, file));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const inPackage = (node: ts.Node): boolean => {
    const file = node.getSourceFile().fileName;
    return file.startsWith(`${packageRoot}/`) && !file.includes('/node_modules/');
  };
  const canonical = (symbol: ts.Symbol): ts.Symbol =>
    symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

  const exported = new Set<ts.Symbol>();
  const queue: Array<{ symbol: ts.Symbol; via: string[] }> = [];
  for (const [subpath, file] of Object.entries(entries)) {
    const source = program.getSourceFile(resolve(packageRoot, file));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) throw new Error(`${file}: not a module`);
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      const target = canonical(symbol);
      exported.add(target);
      queue.push({
        symbol: target,
        via: [`${subpath === '.' ? 'parley' : `parley/${subpath.slice(2)}`}`, symbol.name],
      });
    }
  }

  const seen = new Set<ts.Symbol>(queue.map((q) => q.symbol));
  const missing = new Map<ts.Symbol, UnexportedType>();
  const reference = (name: ts.Node, via: string[]): void => {
    const found = checker.getSymbolAtLocation(name);
    if (found === undefined) return;
    const symbol = canonical(found);
    const declarations = symbol.declarations ?? [];
    if (declarations.length === 0 || !declarations.some(inPackage)) return;
    if (symbol.flags & ts.SymbolFlags.TypeParameter) return;
    const path = [...via, symbol.name];
    if (!exported.has(symbol) && !missing.has(symbol)) {
      const declaredIn = declarations[0]!.getSourceFile().fileName.slice(packageRoot.length + 1);
      missing.set(symbol, { name: symbol.name, declaredIn, via: path });
    }
    if (!seen.has(symbol)) {
      seen.add(symbol);
      queue.push({ symbol, via: path });
    }
  };
  const visit = (node: ts.Node, via: string[]): void => {
    // What is private to a class is not part of its public shape.
    if (
      (ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) || ts.isAccessor(node)) &&
      (ts.isPrivateIdentifier(node.name) || ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Private)
    ) {
      return;
    }
    if (ts.isTypeReferenceNode(node)) reference(rightmost(node.typeName), via);
    else if (ts.isExpressionWithTypeArguments(node)) reference(rightmost(node.expression), via);
    else if (ts.isTypeQueryNode(node)) reference(rightmost(node.exprName), via);
    else if (ts.isImportTypeNode(node) && node.qualifier !== undefined)
      reference(rightmost(node.qualifier), via);
    ts.forEachChild(node, (child) => visit(child, via));
  };
  while (queue.length > 0) {
    const { symbol, via } = queue.shift()!;
    for (const declaration of symbol.declarations ?? []) {
      if (!inPackage(declaration) || ts.isSourceFile(declaration) || ts.isModuleDeclaration(declaration))
        continue;
      visit(declaration, via);
    }
  }
  return [...missing.values()];
}

function rightmost(name: ts.Node): ts.Node {
  if (ts.isQualifiedName(name)) return name.right;
  if (ts.isPropertyAccessExpression(name)) return name.name;
  return name;
}

/** The entry points of a package.json's exports map, as subpath to declaration file. */
export function declarationEntries(exportsMap: Record<string, unknown>): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const [subpath, target] of Object.entries(exportsMap)) {
    if (typeof target === 'object' && target !== null && 'types' in target) {
      entries[subpath] = (target as { types: string }).types;
    }
  }
  return entries;
}
