package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PortSpecTest {

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("8888:8888", new PortSpec(null, 8888, 8888, "tcp")),
        Arguments.of("127.0.0.1:8080:80", new PortSpec("127.0.0.1", 8080, 80, "tcp")),
        Arguments.of(":80", new PortSpec(null, null, 80, "tcp")),
        Arguments.of("80", new PortSpec(null, null, 80, "tcp")),
        Arguments.of("53:53/udp", new PortSpec(null, 53, 53, "udp")),
        Arguments.of("1:65535/tcp", new PortSpec(null, 1, 65535, "tcp")),
        Arguments.of("127.0.0.1::9000", new PortSpec("127.0.0.1", null, 9000, "tcp")),
        Arguments.of("0.0.0.0:80:80", new PortSpec("0.0.0.0", 80, 80, "tcp")),
        Arguments.of("255.255.255.255:80:80", new PortSpec("255.255.255.255", 80, 80, "tcp")),
        Arguments.of("[::1]:8080:80", new PortSpec("::1", 8080, 80, "tcp")),
        Arguments.of("[::]::80/udp", new PortSpec("::", null, 80, "udp")),
        Arguments.of("[FE80::1]:8080:80", new PortSpec("fe80::1", 8080, 80, "tcp")),
        Arguments.of(" 8080:80 ", new PortSpec(null, 8080, 80, "tcp")));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void validSpecsParse(String spec, PortSpec expected) {
    assertThat(PortSpec.parse(spec)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0:80", "70000:80", "80:0", "80:65536", "abc", "80:", "1:2:3:4", "-1", "80/sctp",
      "8080-8090:80", "localhost:8080:80", " "})
  void invalidSpecsAreRefusedNamingTheSpec(String spec) {
    assertThatThrownBy(() -> PortSpec.parse(spec))
        .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageContaining("invalid port mapping '" + spec + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"999.1.1.1:8080:80", "1.256.1.1:8080:80", "1.1.1.300::80", "01.1.1.1:8080:80"})
  void aHostIpWithAnOctetOutOfRangeIsRefused(String spec) {
    assertThatThrownBy(() -> PortSpec.parse(spec))
        .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageContaining("invalid port mapping '" + spec + "'")
        .hasMessageContaining("not an IPv4 address (four numbers 0 to 255");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1::2::3]:8080:80", "[12345::]:8080:80", "[1.2.3.4]:8080:80", "[abc]:8080:80",
      "[::ffff:1.2.3.4]:8080:80"})
  void aBracketedHostIpThatIsNoIpv6AddressIsRefused(String spec) {
    assertThatThrownBy(() -> PortSpec.parse(spec))
        .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageContaining("invalid port mapping '" + spec + "'")
        .hasMessageContaining("is not an IPv6 address");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[::1%lo]:8080:80", "[localhost]:8080:80", "::1:8080:80", "[::1]8080:80"})
  void otherHostIpFormsAreRefusedNamingTheSpec(String spec) {
    assertThatThrownBy(() -> PortSpec.parse(spec)).isInstanceOf(BadRequest.class)
        .hasMessageContaining("invalid port mapping '" + spec + "'");
  }

  @ParameterizedTest
  @NullAndEmptySource
  void missingSpecIsRefusedWithAnExample(String spec) {
    assertThatThrownBy(() -> PortSpec.parse(spec))
        .isInstanceOf(BadRequest.class).hasMessageContaining("invalid port mapping").hasMessageContaining("8888:8888");
  }

  @Test
  void outOfRangeMessageGivesTheRange() {
    assertThatThrownBy(() -> PortSpec.parse("70000:80")).hasMessageContaining("1 to 65535");
  }

  @Test
  void jsonRoundTripKeepsEveryField() {
    PortSpec spec = PortSpec.parse("127.0.0.1:8080:80/udp");
    assertThat(PortSpec.fromJson(spec.toJson())).isEqualTo(spec);
    assertThat(PortSpec.fromJson(PortSpec.parse(":80").toJson())).isEqualTo(new PortSpec(null, null, 80, "tcp"));
  }
}
