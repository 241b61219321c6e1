package dev.slipway.docker;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.Image;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the engine's images and containers, as the API and the dashboard show them. {@code slipway}
 * says whether this Slipway ({@code instanceId}) made it, {@code user} for whom, {@code node} on which node (null when
 * not labelled with one; the web side then says which node listed it); an image Slipway built has its
 * {@code reproducibility} record, from its labels.
 */
final class DockerViews {
  private DockerViews() {
  }

  static JsonArray images(List<Image> images, String instanceId) {
    JsonArray out = new JsonArray();
    for (Image image : images) {
      List<String> tags = image.getRepoTags() == null ? List.of() : Arrays.stream(image.getRepoTags())
          .filter(t -> !"<none>:<none>".equals(t)).toList();
      out.add(new JsonObject()
          .put("id", image.getId())
          .put("tags", new JsonArray(tags))
          .put("size", image.getSize())
          .put("created", image.getCreated())
          .put("user", SlipwayLabels.imageUser(image.getLabels()))
          .put("node", SlipwayLabels.imageNode(image.getLabels()))
          .put("slipway", SlipwayLabels.ourImage(image.getLabels(), instanceId))
          .put("reproducibility", SlipwayLabels.reproducibility(image.getLabels())));
    }
    return out;
  }

  static JsonArray containers(List<Container> containers, String instanceId) {
    JsonArray out = new JsonArray();
    for (Container c : containers) {
      Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
      out.add(new JsonObject()
          .put("id", c.getId())
          .put("name", c.getNames() == null || c.getNames().length == 0 ? "" : c.getNames()[0].replaceFirst("^/", ""))
          .put("image", c.getImage())
          .put("state", c.getState())
          .put("status", c.getStatus())
          .put("created", c.getCreated())
          .put("jobId", labels.get(RunJob.JOB_LABEL))
          .put("user", labels.get(SlipwayLabels.USER))
          .put("node", SlipwayLabels.node(labels))
          .put("slipway", SlipwayLabels.ours(labels, instanceId))
          .put("ports", ports(c.getPorts())));
    }
    return out;
  }

  private static JsonArray ports(ContainerPort[] ports) {
    JsonArray out = new JsonArray();
    for (ContainerPort p : ports == null ? new ContainerPort[0] : ports) {
      out.add(new JsonObject().put("hostIp", p.getIp()).put("hostPort", p.getPublicPort())
          .put("containerPort", p.getPrivatePort()).put("protocol", p.getType()));
    }
    return out;
  }
}
