package ma.rokhsa.indexer;

/**
 * The search engine's state for a readiness probe. {@link #ready()} is true when the cluster is
 * green or yellow and the alias exists.
 *
 * @param status       GREEN, YELLOW, RED, or UNREACHABLE when no answer came
 * @param nodes        number of nodes, 0 when unreachable
 * @param aliasExists  whether the documents alias resolves to an index
 * @param message      null when ready; otherwise what is wrong
 */
public record EngineHealth(Status status, int nodes, boolean aliasExists, String message) {

    public enum Status { GREEN, YELLOW, RED, UNREACHABLE }

    public boolean ready() {
        return (status == Status.GREEN || status == Status.YELLOW) && aliasExists;
    }
}
