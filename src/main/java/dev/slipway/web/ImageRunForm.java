package dev.slipway.web;

import dev.slipway.apps.AppManifest;
import dev.slipway.apps.ManifestJson;
import dev.slipway.bus.Bus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Run form for an image ({@code /run?image=…&node=…}, the Images page's Run): its ports filled in from what the
 * image exposes ({@code EXPOSE}: {@code 8888:8888}), and, when the image carries Slipway's app label
 * ({@code dev.slipway.app}, an app's slipway.json written into its Dockerfile), the environment variables it declares
 * with their defaults and the names of its secrets. An image the node cannot inspect leaves the form as it is.
 */
final class ImageRunForm {
  static final String KEY = "slipway.runForm";
  private static final Logger LOG = LoggerFactory.getLogger(ImageRunForm.class);
  private static final String APP_LABEL = "dev.slipway.app";

  private final BusClient bus;
  private final WorkerNodes nodes;

  ImageRunForm(BusClient bus, WorkerNodes nodes) {
    this.bus = bus;
    this.nodes = nodes;
  }

  void prefill(RoutingContext ctx) {
    String image = ctx.queryParams().get("image");
    String node = ctx.queryParams().get(WorkerNodes.PARAMETER);
    if (image == null || image.isBlank()) {
      ctx.next();
      return;
    }
    nodes.target(node)
        .compose(target -> bus.request(ctx, Bus.onNode(target, Bus.DOCKER_IMAGE_FACTS), new JsonObject().put("image", image)))
        .onSuccess(facts -> {
          JsonObject form = of(image, facts);
          if (node != null && !node.isBlank()) {
            form.put(NodeChoice.FIELD, node);
          }
          ctx.put(KEY, form);
          ctx.next();
        })
        .onFailure(e -> {
          LOG.debug("the Run form of {} is not filled in: {}", image, e.getMessage());
          ctx.next();
        });
  }

  /** The form's fields from an image's facts ({@code Bus.DOCKER_IMAGE_FACTS}). */
  static JsonObject of(String image, JsonObject facts) {
    Set<String> ports = new LinkedHashSet<>();
    for (Object port : facts.getJsonArray("ports", new JsonArray())) {
      ports.add(mapping(String.valueOf(port)));
    }
    JsonObject form = new JsonObject().put("image", image);
    String label = facts.getJsonObject("labels", new JsonObject()).getString(APP_LABEL);
    if (label != null) {
      try {
        AppManifest manifest = ManifestJson.parse(label, "the image's label " + APP_LABEL);
        manifest.ports().forEach(p -> ports.add(mapping(p.containerPort() + "/" + p.protocol())));
        List<String> env = new ArrayList<>();
        manifest.env().forEach(v -> env.add(v.name() + "=" + (v.defaultValue() == null ? "" : v.defaultValue())));
        if (!env.isEmpty()) {
          form.put("env", String.join("\n", env));
        }
        form.put("secretNames", new JsonArray(manifest.secrets().stream().map(AppManifest.Secret::name).toList()));
      } catch (ManifestJson.Invalid e) {
        LOG.debug("image {}: its label {} is not read: {}", image, APP_LABEL, e.getMessage());
      }
    }
    if (!ports.isEmpty()) {
      form.put("ports", String.join(", ", ports));
    }
    return form;
  }

  /** {@code 8888/tcp} → {@code 8888:8888}, the same port on the host, as the tutorial's {@code docker run -p}. */
  private static String mapping(String exposed) {
    String[] parts = exposed.split("/");
    String port = parts[0];
    return port + ":" + port + (parts.length > 1 && !"tcp".equals(parts[1]) ? "/" + parts[1] : "");
  }
}
