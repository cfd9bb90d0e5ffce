package coreactor.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The results chart, drawn headless with Java2D: one row per load step, two panels side by
 * side (requests/s and p99 latency), a bar for etcd and one for coreactor in each.
 */
final class Chart {
  private static final Color ETCD = new Color(0x41, 0x9e, 0xda);
  private static final Color CORE = new Color(0xe8, 0x6a, 0x2c);
  private static final int ROW = 34;
  private static final int TOP = 70;
  private static final int LABEL = 190;
  private static final int PANEL = 430;
  private static final int GAP = 60;

  private Chart() {}

  static void draw(List<String> steps, Results etcd, Results core, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int width = LABEL + 2 * PANEL + GAP + 30;
    int height = TOP + Math.max(1, steps.size()) * ROW + 50;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString("coreactor vs etcd 3.4 (3 nodes each, loopback, fsync on)", 12, 24);
    legend(g, 12, 44, core.present);

    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i < steps.size(); i++) {
      g.setColor(Color.BLACK);
      g.drawString(steps.get(i), 12, TOP + i * ROW + ROW / 2 + 4);
    }
    panel(g, LABEL, "requests/s (higher is better)", steps, etcd, core, "rps");
    panel(g, LABEL + PANEL + GAP, "p99 latency, ms (lower is better)", steps, etcd, core, "p99_ms");
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  private static void panel(Graphics2D g, int x, String title, List<String> steps, Results etcd,
      Results core, String field) {
    double max = 0;
    for (String s : steps) {
      max = Math.max(max, finite(etcd.number(s, field)));
      max = Math.max(max, finite(core.number(s, field)));
    }
    max = niceCeiling(max * 1.15); // room for the value labels, round tick values
    int bottom = TOP + steps.size() * ROW;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(title, x, TOP - 8);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    for (int t = 1; t <= 4; t++) {
      int tx = x + PANEL * t / 4;
      g.setColor(new Color(0xdd, 0xdd, 0xdd));
      g.drawLine(tx, TOP, tx, bottom);
      g.setColor(Color.GRAY);
      g.drawString(label(max * t / 4), tx - 12, bottom + 14);
    }
    g.setColor(Color.GRAY);
    g.setStroke(new BasicStroke(1));
    g.drawLine(x, TOP, x, bottom);
    for (int i = 0; i < steps.size(); i++) {
      int y = TOP + i * ROW + 4;
      bar(g, x, y, etcd.number(steps.get(i), field), max, ETCD);
      bar(g, x, y + 13, core.number(steps.get(i), field), max, CORE);
    }
  }

  private static void bar(Graphics2D g, int x, int y, double value, double max, Color color) {
    if (Double.isNaN(value)) {
      return;
    }
    int w = (int) Math.round(PANEL * value / max);
    g.setColor(color);
    g.fillRect(x + 1, y, Math.max(1, w), 11);
    g.setColor(Color.DARK_GRAY);
    g.drawString(value >= 100 ? String.format("%.0f", value) : String.format("%.1f", value), x + w + 4, y + 10);
  }

  private static void legend(Graphics2D g, int x, int y, boolean corePresent) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(ETCD);
    g.fillRect(x, y - 10, 12, 12);
    g.setColor(Color.BLACK);
    g.drawString("etcd 3.4", x + 16, y);
    g.setColor(CORE);
    g.fillRect(x + 90, y - 10, 12, 12);
    g.setColor(Color.BLACK);
    g.drawString(corePresent ? "coreactor" : "coreactor (not run)", x + 106, y);
  }

  /** The smallest of 1, 2, 4, 5 or 8 times a power of ten at or above v: quarter ticks stay round. */
  static double niceCeiling(double v) {
    if (v <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 4, 5, 8, 10}) {
      if (m * power >= v) {
        return m * power;
      }
    }
    return 10 * power;
  }

  private static double finite(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? 0 : v;
  }

  private static String label(double v) {
    if (v >= 10_000) {
      return String.format("%.0fk", v / 1000);
    }
    if (v >= 1000) {
      return String.format("%.1fk", v / 1000);
    }
    return v >= 100 ? String.format("%.0f", v) : String.format("%.1f", v);
  }
}
