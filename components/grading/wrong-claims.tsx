/** The wrong claims an answer made, each with the learner's words, the correction and its source (practice and mock). */
export interface WrongClaim {
  id: string;
  label: string;
  correction: string;
  sources: { text: string; url?: string }[];
  words: string[];
}

export function WrongClaims({ claims, heading, youSaid, source }: { claims: WrongClaim[]; heading: string; youSaid: (words: string) => string; source: string }) {
  if (claims.length === 0) return null;
  return (
    <div className="mt-2 rounded border border-[var(--color-danger)] p-2" data-testid="misconceptions">
      <p className="text-sm font-medium text-[var(--color-danger)]">{heading}</p>
      <ul className="mt-1 space-y-2 text-sm">
        {claims.map((c) => (
          <li key={c.id}>
            <p className="font-medium">✗ {c.label}</p>
            {c.words.length ? <p className="text-[var(--color-muted)]">{youSaid(c.words.join(" … "))}</p> : null}
            <p>{c.correction}</p>
            {c.sources.length ? (
              <p className="text-[var(--color-muted)]">
                {source}{" "}
                {c.sources.map((src, i) => (
                  <span key={i}>
                    {i > 0 ? "; " : ""}
                    {src.url ? (
                      <a href={src.url} className="underline" rel="noreferrer noopener" target="_blank">
                        {src.text}
                      </a>
                    ) : (
                      src.text
                    )}
                  </span>
                ))}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
