"""Organisation scans: reading the organisation and entering its member accounts."""
