package ma.rokhsa.indexer;

import java.nio.file.Path;

/**
 * Test helper run in its own JVM by {@link EmbeddedSearchNodeIT}: starts a node, prints the
 * child's pid, then waits to be killed.
 */
public final class OrphanNodeMain {

    private OrphanNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedSearchNode node = EmbeddedSearchNode.builder(Path.of(args[0])).binariesDir(Path.of(args[1])).build();
        node.startBlocking();
        System.out.println("CHILD " + node.pid() + " " + node.httpUri());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
