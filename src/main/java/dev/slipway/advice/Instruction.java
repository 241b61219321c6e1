package dev.slipway.advice;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Dockerfile instruction after line continuations, comments inside them and here-documents are dealt with.
 *
 * @param keyword   upper case: {@code RUN}, {@code COPY}…
 * @param line      the 1-based line it starts on (what advice points at)
 * @param endLine   its last line, here-documents included
 * @param flags     its {@code --name=value} options in order ({@code --from}, {@code --mount}…), a bare flag as ""
 * @param args      everything after the keyword and the flags, trimmed
 * @param exec      the JSON form's elements ({@code ["a", "b"]}), or null for the shell form
 * @param heredocs  the bodies of its here-documents ({@code RUN <<EOF … EOF}), in order
 * @param escape    the file's escape character, for reading {@link #words()}
 */
public record Instruction(String keyword, int line, int endLine, Map<String, String> flags, String args,
                          List<String> exec, List<String> heredocs, char escape) {
  public boolean execForm() {
    return exec != null;
  }

  public boolean is(String name) {
    return keyword.equals(name);
  }

  public Optional<String> flag(String name) {
    return Optional.ofNullable(flags.get(name));
  }

  /** The arguments as the builder splits and unquotes them (for the shell form's words, not a RUN's shell). */
  public List<Words.Word> words() {
    return Words.of(args, escape);
  }

  /** The sources and destination of COPY or ADD, in either form (the destination is last). */
  public List<String> paths() {
    return execForm() ? exec : words().stream().map(Words.Word::value).toList();
  }

  /** The text the builder runs for RUN, CMD and ENTRYPOINT: the shell form as written, the JSON form joined. */
  public String commandText() {
    return execForm() ? String.join(" ", exec) : args;
  }
}
