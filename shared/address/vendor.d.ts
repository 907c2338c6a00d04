// Type for a CommonJS data package that ships no types of its own.
declare module 'role-based-email-addresses' {
  /** Local parts ("info", "sales", …) that name a role rather than a person. */
  const roles: string[];
  export = roles;
}

// unicode-confusables ships its declarations as "index.ts.d", which TypeScript does not read.
declare module 'unicode-confusables' {
  /** The string with every confusable code point replaced by its prototype (UTS #39 confusables.txt). */
  export function rectifyConfusion(input: string): string;
}
