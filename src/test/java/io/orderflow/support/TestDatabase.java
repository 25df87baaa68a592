package io.orderflow.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain JDBC on a test database, for looking behind the application's back.
 */
public record TestDatabase(String url, String user, String password) {

    public Connection connect() {
        try {
            return DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to " + url, e);
        }
    }

    public void execute(String sql, Object... parameters) {
        try (Connection c = connect(); PreparedStatement statement = prepare(c, sql, parameters)) {
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public long count(String sql, Object... parameters) {
        return ((Number) single(sql, parameters)).longValue();
    }

    public Object single(String sql, Object... parameters) {
        List<Map<String, Object>> rows = query(sql, parameters);
        if (rows.size() != 1) {
            throw new IllegalStateException("Expected one row, got " + rows.size() + ": " + sql);
        }
        return rows.get(0).values().iterator().next();
    }

    public List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection c = connect(); PreparedStatement statement = prepare(c, sql, parameters);
             ResultSet rs = statement.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
