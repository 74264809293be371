/** Replaces every registered secret with `***` in text the runner prints or stores. */
export class Masker {
  private readonly secrets = new Set<string>();

  add(secret: string): void {
    // Like GitHub, also mask each line of a multi-line secret; very short values would mask
    // ordinary text everywhere, so they are left alone.
    for (const value of [secret, ...secret.split(/\r?\n/)]) {
      const trimmed = value.trim();
      if (trimmed.length >= 2) this.secrets.add(trimmed);
    }
  }

  mask(text: string): string {
    let masked = text;
    // Longest first: a secret that contains another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      masked = masked.split(secret).join('***');
    }
    return masked;
  }
}
