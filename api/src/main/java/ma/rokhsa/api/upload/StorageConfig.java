package ma.rokhsa.api.upload;

import java.io.IOException;

import ma.rokhsa.api.config.RokhsaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The file scheduler, the blob store and the upload receiver, all under the data folder. */
@Configuration
class StorageConfig {

    /** Blocking file-system work (open, move, delete, fsync): a small bounded pool, never the event loop. */
    @Bean(destroyMethod = "dispose")
    Scheduler filesScheduler() {
        return Schedulers.newBoundedElastic(8, 100_000, "files");
    }

    @Bean
    BlobStore blobStore(RokhsaProperties props, Scheduler filesScheduler) {
        return new FileSystemBlobStore(props.dataDir().resolve("blobs"), filesScheduler);
    }

    @Bean
    StreamingReceiver streamingReceiver(RokhsaProperties props, Scheduler filesScheduler) throws IOException {
        // Keep as many first bytes as content detection reads.
        return new StreamingReceiver(props.dataDir().resolve("incoming"), filesScheduler, ma.rokhsa.ingest.UploadGate.HEAD_BYTES);
    }
}
