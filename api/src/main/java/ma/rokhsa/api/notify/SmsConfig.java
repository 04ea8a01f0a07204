package ma.rokhsa.api.notify;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** The SMS gateway chosen by {@code rokhsa.sms.gateway}. */
@Configuration
@EnableConfigurationProperties(SmsProperties.class)
class SmsConfig {

    @Bean
    SmsGateway smsGateway(SmsProperties props) {
        return switch (props.gateway()) {
            // Real time, not the application's clock: that one may run ahead (the demo's story, the tests), and
            // a message must stay readable for a day of the reader's time.
            case SmsProperties.DEMO_INBOX -> new DemoSmsInbox(Clock.systemUTC());
            case "http" -> new HttpSmsGateway(WebClient.builder(), props.http());
            case "none" -> (recipient, phone, text) -> Mono.just(false);
            default -> throw new IllegalStateException("Unknown rokhsa.sms.gateway '" + props.gateway()
                    + "': use demo-inbox (the embedded demo), http (an operator's API, with rokhsa.sms.http.url) or none.");
        };
    }
}
