package dev.slipway.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** The names and addresses a browser on the team's network may use to reach this machine. */
final class LocalNames {
  private LocalNames() {
  }

  static Set<String> of(String bindAddress) {
    Set<String> names = new TreeSet<>();
    if (!bindAddress.equals("0.0.0.0") && !bindAddress.equals("::")) {
      names.add(bindAddress);
    }
    try {
      InetAddress self = InetAddress.getLocalHost();
      names.add(self.getHostName());
      names.add(self.getCanonicalHostName());
    } catch (UnknownHostException e) {
      // no name: addresses only
    }
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          String text = address.getHostAddress().replaceFirst("%.*$", "");
          names.add(text);
          if (address instanceof Inet6Address) {
            names.add("[" + text + "]");
          }
        }
      }
    } catch (SocketException e) {
      // no interfaces listed: names only
    }
    return names;
  }
}
