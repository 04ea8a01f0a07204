package ma.rokhsa.api.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.flywaydb.core.api.Location;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.stereotype.Component;

/** Adds the demo accounts' migration location when (and only when) demo mode is on. */
@Component
class DemoMigrations implements FlywayConfigurationCustomizer {

    private final RokhsaProperties props;

    DemoMigrations(RokhsaProperties props) {
        this.props = props;
    }

    @Override
    public void customize(org.flywaydb.core.api.configuration.FluentConfiguration configuration) {
        if (!props.demo().enabled()) {
            return;
        }
        List<Location> locations = new ArrayList<>(Arrays.asList(configuration.getLocations()));
        locations.add(new Location("classpath:db/demo"));
        configuration.locations(locations.toArray(Location[]::new));
    }
}
