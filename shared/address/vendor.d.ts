// Type for a CommonJS data package that ships no types of its own.
declare module 'role-based-email-addresses' {
  /** Local parts ("info", "sales", …) that name a role rather than a person. */
  const roles: string[];
  export = roles;
}
