// Which settings are secrets, and how any text that may carry one is masked before it is shown
// (start-up errors, logs, answers).

/** Settings whose whole value is secret: keys, secrets, passwords, tokens. */
const SECRET_NAME = /(SECRET|PASSWORD|PASSPHRASE|TOKEN|API_KEY|PRIVATE_KEY)/i;

/** Settings that are URLs which may carry credentials (user:password@). */
const URL_NAME = /_URL$/i;

export const MASK = "***";

export function isSecretSetting(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Replaces the password of every `scheme://user:password@` in the text, parsable URL or not. */
export function maskUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s/]*@/gi, `$1${MASK}@`);
}

/** The value of a setting as it may be shown: secrets fully masked, URL passwords masked. */
export function showSetting(name: string, value: string): string {
  if (isSecretSetting(name)) return value === "" ? "(empty)" : MASK;
  return URL_NAME.test(name) ? maskUrlCredentials(value) : value;
}
