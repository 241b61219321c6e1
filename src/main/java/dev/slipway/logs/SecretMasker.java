package dev.slipway.logs;

import dev.slipway.domain.BadRequest;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every occurrence of a secret value with {@link #MASK}: where it appears verbatim, and where a reader sees
 * it once escape codes, control and zero-width characters are left out ({@code S3cr3t\e[0m-Hunter42} shows as
 * {@code S3cr3t-Hunter42}; see {@link VisibleText}), on screen (escape sequences interpreted) or in an editor (control
 * chars ignored); then the whole span that shows it is masked, escape codes inside included. Its base64 encodings
 * count too (see {@link Base64Forms}).
 *
 * <p>Logs are masked line by line, so each line of a multi-line secret (a key file, say) counts as a secret of its
 * own when it is long enough to mean anything. Lines that {@link LineAssembler} cut go through a
 * {@link StreamMasker} ({@link #stream()}), which also masks a secret that the cut splits.
 *
 * <p>One pass over the text whatever the number of secrets ({@link PatternAutomaton}). Immutable and thread-safe.
 */
public final class SecretMasker {
  public static final String MASK = "••••";
  /** Shorter values cannot be told apart from ordinary output: they are refused as secrets. */
  public static final int MIN_SECRET_CHARS = 4;
  public static final SecretMasker NONE = new SecretMasker(List.of());

  /** Secrets as given, and their base64 forms; finds them in the raw text (what the stored log holds). */
  private final PatternAutomaton verbatim;
  /** Secrets as shown, and their base64 forms; the same automaton when no secret holds a hidden character. */
  private final PatternAutomaton shown;

  public SecretMasker(Collection<String> secretValues) {
    Set<String> secrets = new LinkedHashSet<>();
    for (String secret : secretValues) {
      if (secret == null || secret.isEmpty()) {
        continue;
      }
      secrets.add(secret);
      secret.lines().filter(line -> VisibleText.visibleLength(line) >= MIN_SECRET_CHARS).forEach(secrets::add);
    }
    Set<String> verbatimForms = new LinkedHashSet<>();
    Set<String> shownForms = new LinkedHashSet<>();
    for (String secret : secrets) {
      Set<String> encoded = Base64Forms.of(secret, MIN_SECRET_CHARS);
      String visible = VisibleText.strip(secret);
      verbatimForms.add(secret);
      verbatimForms.addAll(encoded);
      if (visible.equals(secret) || VisibleText.visibleLength(secret) >= MIN_SECRET_CHARS) {
        shownForms.add(visible);
      }
      shownForms.addAll(encoded);
    }
    shownForms.remove("");
    this.verbatim = new PatternAutomaton(verbatimForms);
    this.shown = verbatimForms.equals(shownForms) ? verbatim : new PatternAutomaton(shownForms);
  }

  /** Refuses a secret too short to mask without masking ordinary output; the message never holds the value. */
  public static void requireMaskable(String name, String value) {
    int visible = value == null ? 0 : VisibleText.visibleLength(value);
    if (visible >= MIN_SECRET_CHARS) {
      return;
    }
    String why = value == null || value.isEmpty() ? " (it is empty)"
        : visible < value.codePointCount(0, value.length()) ? " once control and invisible characters are left out"
        : "";
    throw new BadRequest(400, "the secret " + name + " is shorter than " + MIN_SECRET_CHARS + " characters" + why
        + ": a value that short cannot be told apart from ordinary output, so it could not be masked;"
        + " use a longer one");
  }

  /** A masker for one stream of output (stdout, stderr) whose lines {@link LineAssembler} may have cut. */
  public StreamMasker stream() {
    return new StreamMasker(this);
  }

  boolean masksNothing() {
    return verbatim.isEmpty();
  }

  /** Masks a whole text: a log line that was not cut, or a value shown to users (env value, error message). */
  public String mask(String text) {
    if (text == null || masksNothing()) {
      return text;
    }
    return scan(text, false).spans.apply(text, 0, text.length());
  }

  /**
   * Where the secrets are in {@code text}. {@code cut}: the text goes on in the next piece, so an escape sequence
   * still open at its end may hide what follows it, and what comes before it may be the start of a secret.
   */
  Scan scan(String text, boolean cut) {
    MaskSpans spans = new MaskSpans();
    VisibleText screen = VisibleText.of(text);
    int split = cut ? screen.visibleBeforePending : screen.text.length();
    int state = shown.scan(screen.text, 0, split, PatternAutomaton.ROOT, spansIn(screen, spans));
    int openTail = openTail(text, screen, split, shown.depth(state));
    state = shown.scan(screen.text, split, screen.text.length(), state, spansIn(screen, spans));
    openTail = Math.min(openTail, openTail(text, screen, screen.text.length(), shown.depth(state)));
    if (screen.sameAsOriginal()) {
      return new Scan(spans, openTail);
    }
    if (text.indexOf('\u001B') >= 0) {
      // An escape sequence hides its own printable chars on screen, not in an editor: "S\e3cr3t" reads "Scr3t" on
      // screen and "S3cr3t" in the downloaded log once ESC is ignored.
      VisibleText editor = VisibleText.of(text, false);
      state = shown.scan(editor.text, 0, editor.text.length(), PatternAutomaton.ROOT, spansIn(editor, spans));
      openTail = Math.min(openTail, openTail(text, editor, editor.text.length(), shown.depth(state)));
    }
    // Forms without hidden characters were all found above; the raw text still needs a look for the verbatim
    // forms that an escape sequence swallows on screen, yet that the stored log holds as they are.
    state = verbatim.scan(text, 0, text.length(), PatternAutomaton.ROOT, spans::add);
    openTail = Math.min(openTail, text.length() - verbatim.depth(state));
    return new Scan(spans, openTail);
  }

  /** Adds a match in {@code view} as the span of the original text that shows it. */
  private static PatternAutomaton.MatchSink spansIn(VisibleText view, MaskSpans spans) {
    return (start, end) -> spans.add(view.originOf(start), view.originOf(end - 1) + 1);
  }

  /** Where the {@code depth} visible chars before {@code visibleEnd} start in the text. */
  private static int openTail(String text, VisibleText visible, int visibleEnd, int depth) {
    return depth == 0 ? text.length() : visible.originOf(visibleEnd - depth);
  }

  /** {@code openTail}: where the longest end of the text that could begin a secret starts (its length when none). */
  record Scan(MaskSpans spans, int openTail) {
  }
}
