package jp.tsunagu.evacuation;

import java.util.List;

/**
 * A district (地区): the area of a 自治会 or a 民生委員, as a set of 町丁目, to which a part of the list is
 * handed over.
 */
public record District(String id, String name, String kind, List<String> towns) {
}
