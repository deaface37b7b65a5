"""Identity and access: warehouses, staff, device enrolment, PIN sign-in and authorization."""
