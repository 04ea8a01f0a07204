package ma.rokhsa.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Rokhsa e-permitting engine: one Spring Boot application wiring the pipeline stages. */
@SpringBootApplication
public class RokhsaApplication {
    public static void main(String[] args) {
        SpringApplication.run(RokhsaApplication.class, args);
    }
}
