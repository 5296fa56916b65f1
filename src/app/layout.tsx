import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { AppHeader } from "@/components/app-header";
import { AuthGate } from "@/components/auth-gate";
import { StaleWhenDisconnected } from "@/components/connection-banner";
import { TrpcReactProvider } from "@/trpc/provider";
import "./globals.css";

export const metadata: Metadata = {
  title: "HEAN — trading dashboard",
  description: "Live multi-symbol crypto trading engine",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className="dark">
      <body className="min-h-screen antialiased">
        <AuthGate>
          <TrpcReactProvider>
            <AppHeader />
            <StaleWhenDisconnected>
              <main className="mx-auto max-w-7xl space-y-4 p-4">{children}</main>
            </StaleWhenDisconnected>
          </TrpcReactProvider>
        </AuthGate>
        <Toaster theme="dark" position="bottom-right" richColors closeButton visibleToasts={5} />
      </body>
    </html>
  );
}
