package chorus.dbbridge.bucardo;

import java.util.Objects;

/**
 * One thing the doctor found.
 *
 * @param severity {@link Severity#UNSAFE} makes the doctor exit non-zero; {@link Severity#WARNING} does not
 * @param subject what it is about ({@code a: public.albums_artists}, {@code bucardo}, ...)
 * @param problem what is wrong and what it leads to
 * @param fix what to do about it
 */
public record Finding(Severity severity, String subject, String problem, String fix) {
  /** How bad. */
  public enum Severity {
    UNSAFE,
    WARNING
  }

  public Finding {
    Objects.requireNonNull(severity);
    Objects.requireNonNull(subject);
    Objects.requireNonNull(problem);
    Objects.requireNonNull(fix);
  }

  static Finding unsafe(String subject, String problem, String fix) {
    return new Finding(Severity.UNSAFE, subject, problem, fix);
  }

  static Finding warning(String subject, String problem, String fix) {
    return new Finding(Severity.WARNING, subject, problem, fix);
  }
}
