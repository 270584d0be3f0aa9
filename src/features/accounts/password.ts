import { hash, verify } from '@node-rs/argon2';
import { isCommonPassword } from './common-passwords.js';

/**
 * Password rules after the usual 等保 2.0 level-2/3 practice (R3.1): at least 8
 * characters from at least 3 of the 4 classes. The numbers are constants here so
 * a deployment that needs stricter rules changes them in one place.
 */
export const PASSWORD_POLICY = { minLength: 8, maxLength: 128, minClasses: 3 } as const;

/** A message for each rule the password breaks, empty when it is acceptable. */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_POLICY.minLength) problems.push(`至少 ${PASSWORD_POLICY.minLength} 个字符`);
  if (password.length > PASSWORD_POLICY.maxLength) problems.push(`不能超过 ${PASSWORD_POLICY.maxLength} 个字符`);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(password)).length;
  if (classes < PASSWORD_POLICY.minClasses) problems.push('须包含大写字母、小写字母、数字、符号中的至少三类');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('不能包含用户名');
  if (password.length >= PASSWORD_POLICY.minLength && isCommonPassword(password)) problems.push('过于常见（如 Password1、P@ssw0rd、Admin@123、1qaz@WSX），容易被猜中，请另选');
  return problems;
}

/** argon2id with the library's defaults (19 MiB, 2 passes), the current OWASP baseline. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against a real hash when the user does not exist keeps the response time
// the same, so the login form does not reveal which usernames exist.
let dummyHash: Promise<string> | null = null;
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hash('gongkai-timing-equaliser');
  await verifyPassword(await dummyHash, password);
}
