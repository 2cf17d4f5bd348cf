/** Injection token of the frozen Config object. */
export const CONFIG = Symbol('CONFIG');
