package dev.slipway.web;

/** Which link of the page header's navigation is the page shown ({@code aria-current}), for the layout. */
public final class Nav {
  private Nav() {
  }

  /**
   * {@code "page"} when {@code path} is the link's own page; {@code "true"} when it is a page under it (a job under
   * History, an app under the dashboard); else null, which leaves the attribute out.
   */
  public static String current(String path, String href) {
    if (path == null) {
      return null;
    }
    if (path.equals(href)) {
      return "page";
    }
    boolean under = switch (href) {
      case "/" -> path.startsWith("/apps/");
      case "/history" -> path.startsWith("/jobs/");
      default -> path.startsWith(href + "/");
    };
    return under ? "true" : null;
  }
}
