package jp.tsunagu.printing;

/** The way an A4 sheet is printed (用紙の向き): 縦 or 横. */
public enum Orientation {
    /** 縦 (A4 portrait, 210 × 297 mm). */
    PORTRAIT,
    /** 横 (A4 landscape, 297 × 210 mm): the page itself is wider than tall, not a rotated portrait page. */
    LANDSCAPE
}
