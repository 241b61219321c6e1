package dev.slipway.advice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Dockerfile advice ({@link Rule}): what a Dockerfile could do better, line by line, before anything is built. Pure
 * and quick (no file system but through {@link AppFacts#files()}), so it can run for every app on every listing.
 */
public final class DockerfileAdvice {
  private DockerfileAdvice() {
  }

  public static List<Advice> of(String dockerfile, AppFacts facts) {
    return of(DockerfileParser.parse(dockerfile), facts);
  }

  /** Every piece of advice, by line, then by rule. */
  public static List<Advice> of(Dockerfile file, AppFacts facts) {
    List<Advice> out = new ArrayList<>();
    SourceChecks.problems(file, out);
    if (file.finalStage() == null) {
      return out;
    }
    Set<Dockerfile.Stage> image = Set.copyOf(file.lineage(file.finalStage()));
    for (Dockerfile.Stage stage : file.stages()) {
      // What only costs size or leaks a value counts in the stages the image is made of, not in a builder stage.
      PackageChecks.check(stage, image.contains(stage), out);
      for (Instruction instruction : stage.body()) {
        if (instruction.is("ADD")) {
          SourceChecks.add(instruction, out);
        } else if ((instruction.is("ENV") || instruction.is("ARG")) && image.contains(stage)) {
          SourceChecks.secrets(instruction, facts.secrets(), out);
        }
      }
    }
    file.instructions().stream().filter(i -> i.is("MAINTAINER")).forEach(i -> SourceChecks.maintainer(i, out));
    file.instructions().forEach(i -> SourceChecks.classicBuilder(i, out));
    ImageChecks.baseImages(file, out);
    ImageChecks.user(file, out);
    ImageChecks.exposed(file, facts, out);
    EntrypointChecks.shellForm(file, out);
    EntrypointChecks.executable(file, facts, out);
    out.sort(Comparator.comparingInt(Advice::line).thenComparing(Advice::rule));
    return out;
  }
}
