package ma.rokhsa.api.notify;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Sends email through the configured SMTP server ({@code spring.mail.*}). JavaMail blocks, so sending
 * runs on its own small bounded scheduler, with a few retries. Without SMTP configured, mail is not sent
 * and the log says so (never with the message body: it may hold a PIN).
 */
@Component
public class Mailer {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    private final JavaMailSender sender;
    private final Scheduler scheduler = Schedulers.newBoundedElastic(2, 1000, "mail");
    private final String from;

    Mailer(ObjectProvider<JavaMailSender> sender, org.springframework.core.env.Environment env) {
        this.sender = sender.getIfAvailable();
        this.from = env.getProperty("rokhsa.mail.from", "no-reply@rokhsa.ma");
        if (this.sender == null) {
            log.warn("No SMTP server configured (spring.mail.host): email notifications are off");
        }
    }

    public boolean enabled() {
        return sender != null;
    }

    /** Sends; completes with true once the SMTP server took the message, false when there is no server or no address. */
    public Mono<Boolean> send(String to, String subject, String text) {
        if (sender == null || to == null || to.isBlank()) {
            log.info("Email '{}' to {} not sent: {}", subject, to, sender == null ? "no SMTP server configured" : "no address");
            return Mono.just(false);
        }
        return Mono.fromCallable(() -> {
                    SimpleMailMessage m = new SimpleMailMessage();
                    m.setFrom(from);
                    m.setTo(to);
                    m.setSubject(subject);
                    m.setText(text);
                    sender.send(m);
                    return true;
                })
                .subscribeOn(scheduler)
                .retryWhen(Retry.backoff(3, Duration.ofSeconds(1)))
                .doOnSuccess(v -> log.info("Email '{}' sent to {}", subject, to));
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        scheduler.dispose();
    }
}
