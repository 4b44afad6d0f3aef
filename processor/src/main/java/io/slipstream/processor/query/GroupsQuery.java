package io.slipstream.processor.query;

import io.slipstream.processor.query.ApiViews.GroupRowView;
import io.slipstream.processor.query.ApiViews.GroupsView;
import io.slipstream.processor.slo.spec.SloDefinition;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What {@code GET /api/v1/slos/{id}/groups} asks: an order, a filter and a page of a grouped SLO's
 * instances.
 *
 * @param sort {@code budget} (least error budget left first, ties by key) or {@code key}
 * @param state {@code firing} (page or ticket), {@code page}, {@code ticket} or {@code ok}; null
 *     for every instance
 * @param offset how many of the ordered instances to skip, 0 or more
 * @param limit at most this many rows, 1 to {@value #MAX_LIMIT}
 */
record GroupsQuery(String sort, String state, int offset, int limit) {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;

  private static final List<String> SORTS = List.of("budget", "key");
  private static final List<String> STATES = List.of("firing", "page", "ticket", "ok");

  /**
   * Reads the query parameters {@code sort}, {@code state}, {@code offset} and {@code limit}.
   *
   * @throws ApiException 400 naming the first parameter out of range or unknown
   */
  static GroupsQuery parse(Function<String, String> parameters) {
    String sort = parameters.apply("sort");
    if (sort == null) {
      sort = "budget";
    } else if (!SORTS.contains(sort)) {
      throw ApiException.badParameter(
          "sort", "unknown sort '" + sort + "'; expected budget or key");
    }
    String state = parameters.apply("state");
    if (state != null && !STATES.contains(state)) {
      throw ApiException.badParameter(
          "state", "unknown state '" + state + "'; expected firing, page, ticket or ok");
    }
    int offset = integer(parameters, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = integer(parameters, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    return new GroupsQuery(sort, state, offset, limit);
  }

  /** The page of {@code instances} of grouped SLO {@code parent} this query asks for. */
  GroupsView answer(
      SloDefinition parent, List<GroupQueries.Instance> instances, QueryClock.Now now) {
    int pages = 0;
    int tickets = 0;
    for (GroupQueries.Instance instance : instances) {
      pages += instance.page() != null ? 1 : 0;
      tickets += instance.ticket() != null ? 1 : 0;
    }
    Predicate<GroupQueries.Instance> passes = filter();
    Comparator<GroupRowView> order =
        sort.equals("key") ? GroupQueries.BY_KEY : GroupQueries.BY_BUDGET;
    List<GroupRowView> matching =
        instances.stream().filter(passes).map(GroupQueries.Instance::row).sorted(order).toList();
    int from = Math.min(offset, matching.size());
    int to = (int) Math.min((long) from + limit, matching.size());
    return new GroupsView(
        parent.id(),
        parent.grouping().labels(),
        sort,
        state,
        offset,
        limit,
        matching.size(),
        instances.size(),
        pages,
        tickets,
        List.copyOf(matching.subList(from, to)),
        now.millis(),
        now.source());
  }

  private Predicate<GroupQueries.Instance> filter() {
    if (state == null) {
      return instance -> true;
    }
    return switch (state) {
      case "firing" -> instance -> instance.page() != null || instance.ticket() != null;
      case "page" -> instance -> instance.page() != null;
      case "ticket" -> instance -> instance.ticket() != null;
      default -> instance -> instance.page() == null && instance.ticket() == null;
    };
  }

  private static int integer(
      Function<String, String> parameters, String name, int fallback, int min, int max) {
    String text = parameters.apply(name);
    if (text == null) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw ApiException.badParameter(name, name + " must be a whole number, was '" + text + "'");
    }
    if (value < min || value > max) {
      throw ApiException.badParameter(
          name,
          name
              + " must be "
              + (max == Integer.MAX_VALUE ? min + " or more" : "from " + min + " to " + max)
              + ", was "
              + value);
    }
    return value;
  }
}
