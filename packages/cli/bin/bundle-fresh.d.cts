export function bundleIsFresh(base: string): boolean;
