package ma.rokhsa.api.demo;

import java.time.Clock;

import ma.rokhsa.api.config.RokhsaProperties;
import ma.rokhsa.api.deadline.LegalClock;
import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.api.pipeline.StageHolds;
import ma.rokhsa.api.search.SearchEngine;
import ma.rokhsa.signer.pki.DemoPki;
import ma.rokhsa.signer.render.OpenHtmlToPdfRenderer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo data of the embedded default run ({@link OnDemoData}): the application's clock becomes a
 * {@link DemoClock} (primary: it stands in for the system clock of ClockConfig everywhere), the gate that
 * keeps the API closed while the data loads, and the seed itself.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnDemoData.class)
class DemoDataConfig {

    @Bean
    @Primary
    DemoClock demoClock() {
        return new DemoClock(Clock.systemDefaultZone());
    }

    @Bean
    DemoDataGate demoDataGate() {
        return new DemoDataGate();
    }

    @Bean
    DemoData demoData(ApplicationContext context, DemoClock clock, DemoDataGate gate, DatabaseClient db, JsonMapper json,
                      Catalog catalog, LegalClock legal, OpenHtmlToPdfRenderer renderer, DemoPki pki, StageHolds holds, SearchEngine search,
                      RokhsaProperties props) {
        return new DemoData(context, clock, gate, db, json, catalog, legal, renderer, pki, holds, search, props);
    }
}
