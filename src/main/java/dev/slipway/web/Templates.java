package dev.slipway.web;

import dev.slipway.domain.Caller;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.HashMap;
import java.util.Map;

/** Renders the precompiled jte templates, which escape every value for HTML unless told otherwise (they never are). */
final class Templates {
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  String render(String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    engine.render(template, params, out);
    return out.toString();
  }

  /** The fragment inside the page layout, for a first load or a boosted navigation; caller null when signed out. */
  String page(Caller caller, String title, String fragment, Map<String, Object> params) {
    return page(caller, title, fragment, params, null);
  }

  /** {@code path}: the page's own path, for the navigation to mark the current page. */
  String page(Caller caller, String title, String fragment, Map<String, Object> params, String path) {
    Map<String, Object> layout = new HashMap<>();
    layout.put("path", path);
    layout.put("title", title);
    layout.put("caller", caller);
    layout.put("content", (gg.jte.Content) output -> engine.render(fragment, params, output));
    return render("layout.jte", layout);
  }
}
