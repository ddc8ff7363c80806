// flowrun: run Argo Workflows locally. Placeholder main; the CLI is built in the next commit.
#include <cstdio>

int main() {
  std::puts("flowrun " FLOWRUN_VERSION);
  return 0;
}
