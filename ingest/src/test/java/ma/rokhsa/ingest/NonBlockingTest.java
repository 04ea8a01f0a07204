package ma.rokhsa.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** BlockHound proves that extraction never blocks the non-blocking thread that subscribes to it. */
class NonBlockingTest {

    private static TikaExtractor extractor;

    @BeforeAll
    static void install() {
        BlockHound.install();
        extractor = TikaExtractor.create(ExtractorConfig.defaults().withThreads(2));
    }

    @AfterAll
    static void stop() {
        extractor.close();
    }

    @Test
    void blockHoundIsWatching() {
        assertThatThrownBy(() -> Mono.fromCallable(() -> {
            Thread.sleep(1);
            return 1;
        }).subscribeOn(Schedulers.parallel()).block()).hasCauseInstanceOf(BlockingOperationError.class);
    }

    @Test
    void extractionRunsOffTheSubscribingEventLoopThread() {
        Extraction e = Mono.defer(() -> extractor.extract(Fixtures.path("demande-ar.pdf"), "demande-ar.pdf",
                        KindRule.forms()))
                .subscribeOn(Schedulers.parallel())
                .publishOn(Schedulers.parallel())
                .map(x -> {
                    assertThat(Thread.currentThread().getName()).startsWith("parallel-");
                    return x;
                })
                .block(Duration.ofMinutes(1));
        assertThat(e.status()).isEqualTo(Extraction.Status.COMPLETE);
        assertThat(e.text()).contains("طلب رخصة البناء");
    }

    @Test
    void theUploadGateIsSafeOnAnEventLoop() throws Exception {
        byte[] head = Fixtures.head("zip-bomb.pdf");
        GateVerdict v = Mono.fromCallable(() -> UploadGate.inspect(head, head.length, "plans.pdf", KindRule.plans()))
                .subscribeOn(Schedulers.parallel()).block();
        assertThat(v.accepted()).isFalse();
    }
}
